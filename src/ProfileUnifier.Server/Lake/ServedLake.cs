using ProfileUnifier.Query;

namespace ProfileUnifier.Server.Lake;

/// <summary>
/// One version of the lake as the server reads it: the lookup index and a DuckDB connection (used by one
/// request at a time: a connection is not meant for concurrent commands). Requests hold it through a
/// <see cref="LakeCatalog"/> lease; a retired version is disposed when its last request ends.
/// </summary>
public sealed class ServedLake
{
    private readonly LakeDatabase _database;
    private readonly Lock _query = new();
    private readonly Lock _gate = new();
    private int _users;
    private bool _retired;

    public ServedLake(long version, LakeDatabase database)
    {
        Version = version;
        _database = database;
        Index = LookupIndex.Build(database);
    }

    public long Version { get; }

    public LookupIndex Index { get; }

    public string Root => _database.Root;

    /// <summary>Runs <paramref name="read"/> on this version's database, one request at a time.</summary>
    public T Read<T>(Func<LakeDatabase, T> read)
    {
        lock (_query)
        {
            return read(_database);
        }
    }

    public bool Has(string view) => _database.Has(view);

    internal bool TryEnter()
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            _users++;
            return true;
        }
    }

    internal void Exit()
    {
        lock (_gate)
        {
            if (--_users == 0 && _retired)
            {
                _database.Dispose();
            }
        }
    }

    internal void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_users == 0)
            {
                _database.Dispose();
            }
        }
    }
}
