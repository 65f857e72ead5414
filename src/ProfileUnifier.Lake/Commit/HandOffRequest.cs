using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// A request for the writer lease from a process that needs the lake for a short while (<c>forget</c>): a file under
/// <c>_lease/</c>, renewed every few seconds while the process waits and works, deleted when it is done. The holder
/// hands the lake over when it sees one (<see cref="WriterLease.HandOffRequests"/>); a request not renewed for
/// <see cref="WriterLease.RequestLifetime"/> is from a process that died and is ignored.
/// </summary>
public sealed class HandOffRequest : IDisposable
{
    private const string Prefix = "request-";
    private readonly LakeContext _lake;
    private readonly string _path;
    private readonly ITimer _timer;

    private HandOffRequest(LakeContext lake, string owner)
    {
        _lake = lake;
        Owner = owner;
        var folder = Path.Combine(lake.Root, WriterLease.FolderName);
        lake.Fs.CreateDirectory(folder);
        _path = Path.Combine(folder, $"{Prefix}{Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(owner)))}.json");
        Renew();
        _timer = lake.Clock.CreateTimer(_ => Renew(), null, WriterLease.RequestLifetime / 6, WriterLease.RequestLifetime / 6);
    }

    public string Owner { get; }

    /// <summary>Asks the holder of the lake's lease to hand it to <paramref name="owner"/>.</summary>
    public static HandOffRequest Make(LakeContext lake, string owner) => new(lake, owner);

    /// <summary>The owners of live requests.</summary>
    internal static IEnumerable<string> Pending(Storage.ILakeFileSystem fs, string folder, TimeProvider clock)
    {
        foreach (var name in fs.ListFiles(folder, Prefix + "*.json"))
        {
            Request? request;
            try
            {
                request = JsonSerializer.Deserialize<Request>(fs.ReadAllBytes(Path.Combine(folder, name)));
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                continue;
            }

            if (request is not null && clock.GetUtcNow() - request.At < WriterLease.RequestLifetime)
            {
                yield return request.Owner;
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        try
        {
            _lake.Fs.Delete(_path);
        }
        catch (IOException)
        {
            // Left behind, it stops counting once it is no longer renewed.
        }
    }

    private void Renew()
    {
        try
        {
            var temp = _path + $".{Guid.NewGuid():N}.tmp";
            using (var stream = _lake.Fs.CreateNew(temp))
            {
                JsonSerializer.Serialize(stream, new Request(Owner, _lake.Clock.GetUtcNow()));
            }

            _lake.Fs.Replace(temp, _path);
        }
        catch (IOException)
        {
            // A missed renewal is harmless; many in a row make the request lapse, which is right if the lake is unwritable.
        }
    }

    private sealed record Request(string Owner, DateTimeOffset At);
}
