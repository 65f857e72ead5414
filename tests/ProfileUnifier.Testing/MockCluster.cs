using System.Runtime.InteropServices;
using System.Text;

namespace ProfileUnifier.Testing;

/// <summary>
/// librdkafka's mock cluster (the embedded broker) made through librdkafka's C API, so that a test can take its brokers
/// down and bring them up again while clients use it (<c>rd_kafka_mock_broker_set_down</c>/<c>_set_up</c>): connections are
/// closed and refused, the topics' data stays. Confluent.Kafka does not expose the mock cluster's handle, hence the native
/// calls, into the same librdkafka Confluent.Kafka loads.
/// </summary>
public sealed partial class MockCluster : IDisposable
{
    private const string Library = "librdkafka";
    private const int ProducerType = 0;

    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private bool _disposed;

    static MockCluster() => NativeLibrary.SetDllImportResolver(typeof(MockCluster).Assembly, (name, assembly, paths) =>
        name == Library ? LoadLibrdkafka(assembly, paths) : IntPtr.Zero);

    public MockCluster(int brokers)
    {
        Brokers = brokers;
        var errors = new byte[512];
        var conf = rd_kafka_conf_new();
        // The client only owns the cluster: it must not log to stderr.
        _ = rd_kafka_conf_set(conf, "log_level", "0", errors, (UIntPtr)errors.Length);
        _client = rd_kafka_new(ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (_client == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new: {Encoding.UTF8.GetString(errors).TrimEnd('\0')}");
        }

        _cluster = rd_kafka_mock_cluster_new(_client, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_client);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    public string BootstrapServers { get; }

    /// <summary>Brokers, numbered 1..Brokers.</summary>
    public int Brokers { get; }

    /// <summary>Creates a topic with its partitions (the mock auto-creates topics too, with 4).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        var error = rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create {topic}: error {error}");
        }
    }

    /// <summary>Takes every broker down: their connections are closed and new ones refused until <see cref="Up"/>.</summary>
    public void Down() => ForEachBroker(rd_kafka_mock_broker_set_down);

    public void Up() => ForEachBroker(rd_kafka_mock_broker_set_up);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_client);
    }

    /// <summary>
    /// librdkafka as Confluent.Kafka finds it: the default build, else the ones librdkafka.redist ships for systems without its
    /// shared dependencies (no libsasl2 here: the statically linked centos8 build).
    /// </summary>
    private static IntPtr LoadLibrdkafka(System.Reflection.Assembly assembly, DllImportSearchPath? paths)
    {
        if (NativeLibrary.TryLoad(Library, assembly, paths, out var handle))
        {
            return handle;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        foreach (var variant in new[] { "centos8-librdkafka.so", "alpine-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(native, variant), out handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private void ForEachBroker(Func<IntPtr, int, int> call)
    {
        for (var broker = 1; broker <= Brokers; broker++)
        {
            var error = call(_cluster, broker);
            if (error != 0)
            {
                throw new InvalidOperationException($"broker {broker}: error {error}");
            }
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, [Out] byte[] errors, UIntPtr size);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errors, UIntPtr size);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(IntPtr client);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr client, int brokers);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int broker);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int broker);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);
}
