using DuckDB.NET.Data;
using ProfileUnifier.Synthetic;

namespace ProfileUnifier.Bench;

/// <summary>What every workload shares: the size, where data sets and scratch files go, a DuckDB connection factory.</summary>
public sealed class BenchContext(BenchSize size, string dataFolder, string scratchFolder, TextWriter log)
{
    public BenchSize Size { get; } = size;

    public TextWriter Log { get; } = log;

    /// <summary>A generated data set of about <paramref name="events"/> events (cached between runs).</summary>
    public string Events(int events) => Events(events, Math.Max(30, events / 700));

    /// <summary>A generated data set of about <paramref name="events"/> events of <paramref name="accounts"/> companies.</summary>
    public string Events(int events, int accounts)
    {
        var options = new GeneratorOptions { Accounts = accounts, Events = events, Seed = 42 };
        var path = Path.Combine(dataFolder, $"events-{events}-a{options.Accounts}-s{options.Seed}-d{options.Days}.ndjson");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            Log.WriteLine($"  generating {events:N0} events → {path}");
            var staged = path + ".tmp";
            using (var stream = File.Create(staged))
            using (var truth = Stream.Null)
            {
                new DatasetGenerator(options).Generate(stream, truth);
            }

            File.Move(staged, path, overwrite: true);
        }

        return path;
    }

    /// <summary>A fresh scratch folder (deleted at the end of the run).</summary>
    public string Scratch(string name)
    {
        var path = Path.Combine(scratchFolder, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static DuckDBConnection Duck()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    public static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
