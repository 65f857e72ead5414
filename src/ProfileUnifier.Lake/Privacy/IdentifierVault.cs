using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// The one place a pseudonymised lake keeps identifiers in clear: the Delta table <c>_restricted/identifiers</c> (token,
/// clear value), in a folder only the service's user can open (0700), which no reader, view, console role or <c>query</c>
/// is given. The BI tables hold the tokens (<see cref="Pseudonymizer.Pseudonym"/>); the identity engine works on clear
/// values in memory, and a replay of <c>touchpoints</c> turns their tokens back into values through this table.
/// </summary>
/// <remarks>
/// Written ahead: a batch's new tokens are appended and committed before the batch commit that first names them, so every
/// token of a committed touchpoint is here. A crash between the two leaves rows no touchpoint names (harmless: a retried
/// batch appends what it needs again, duplicates read as one, and the next erasure's clean-up drops rows nothing names).
/// </remarks>
public sealed class IdentifierVault
{
    public const string FolderName = "_restricted";

    /// <summary>The table, relative to the lake root.</summary>
    public const string TableName = FolderName + "/identifiers";

    /// <summary>The domain of a rejected line's text (its token stands in <c>rejected.raw</c>).</summary>
    public const string RejectedLine = "rejected_line";

    /// <summary>The domains of names (first and last names are tokenised like identifiers: they identify people too).</summary>
    public const string FirstName = SnapshotPseudonyms.FirstNameDomain, LastName = SnapshotPseudonyms.LastNameDomain;

    private readonly DeltaTable _table;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private VaultRows _pending = new();

    private IdentifierVault(DeltaTable table, Pseudonymizer hasher)
    {
        _table = table;
        Hasher = hasher;
    }

    public Pseudonymizer Hasher { get; }

    /// <summary>Opens the table (creating its folder owner-only) and reads every token it holds.</summary>
    public static async Task<IdentifierVault> OpenAsync(LakeContext lake, Pseudonymizer hasher, CancellationToken ct)
    {
        var folder = Path.Combine(lake.Root, FolderName);
        if (!lake.Fs.DirectoryExists(folder))
        {
            lake.Fs.CreateDirectory(folder);
        }

        if (!OperatingSystem.IsWindows() && Directory.Exists(folder))
        {
            // Tighter than the lake's folders (0750): the service's group reads the BI tables, not this.
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var vault = new IdentifierVault(await lake.OpenTableAsync(TableName, ct), hasher);
        await vault.ReadNewFilesAsync(ct);
        return vault;
    }

    /// <summary>The pseudonym of an identifier (null stays null), noted for the table if it is new.</summary>
    public string? Protect(IdentifierKind kind, string? value) =>
        value is null ? null : Keep(Pseudonymizer.PseudonymDomain(kind), Hasher.Pseudonym(kind, value), value);

    /// <summary>The token of a value of another domain (a name, a rejected line), noted for the table if it is new.</summary>
    public string? Protect(string domain, string? value) => value is null ? null : Keep(domain, Hasher.Token(domain, value), value);

    /// <summary>The clear value of a token (null stays null); an unknown token means the lake lost restricted rows.</summary>
    public string? Reveal(string? token) => token is null ? null
        : _values.TryGetValue(token, out var value) ? value
        : throw new InvalidDataException($"the lake's {TableName} table has no value for a token the BI tables hold: it was changed outside ProfileUnifier");

    /// <summary>The clear value of a token, or null when the table has none (a redacted rejected line).</summary>
    public string? TryReveal(string? token) => token is not null && _values.TryGetValue(token, out var value) ? value : null;

    /// <summary>
    /// Commits the tokens noted since the last flush (before the batch commit that names them). Safe to call again after a
    /// failure: the rows stay pending until they are in.
    /// </summary>
    public Task FlushAsync(long batch, CancellationToken ct) => FlushAsync(batch, _pending, ct);

    /// <summary>
    /// The tokens noted so far, taken out of the pending ones: a sealed batch's, flushed by <see cref="FlushAsync(long, VaultRows, CancellationToken)"/>
    /// on the thread committing it while the next batch notes its tokens.
    /// </summary>
    public VaultRows SealPending()
    {
        var sealedRows = _pending;
        _pending = new VaultRows();
        return sealedRows;
    }

    /// <summary>Commits <paramref name="rows"/> (pending or sealed tokens); safe to call again after a failure.</summary>
    public async Task FlushAsync(long batch, VaultRows rows, CancellationToken ct)
    {
        if (rows.Rows == 0)
        {
            return;
        }

        rows.AssignBatch(batch);
        var add = await _table.WriteFileAsync(rows.All, [], tags: null, $"part-{batch:D10}", ct);
        while (true)
        {
            var actions = _table.Preamble(DeltaSchema.Of(new VaultRows().Columns, []), [], "WRITE");
            actions.Add(add);
            if (await _table.TryCommitAsync(actions, ct))
            {
                break;
            }

            await _table.RefreshAsync(ct);
        }

        _read.Add(add.FilePath);
        rows.Clear();
    }

    /// <summary>Reads what other writers added since (a standby following the lake, a replay after another writer's batches).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _table.RefreshAsync(ct);
        await ReadNewFilesAsync(ct);
    }

    /// <summary>
    /// Drops every row whose token <paramref name="referenced"/> does not name (after an erasure: the person's identifiers and
    /// names, their rejected lines), in a commit of its own; the files it replaces are deleted by the erasure's purge.
    /// </summary>
    /// <returns>The rows dropped.</returns>
    public async Task<long> KeepOnlyAsync(IReadOnlySet<string> referenced, CancellationToken ct)
    {
        await FlushPendingCheckAsync();
        while (true)
        {
            await _table.RefreshAsync(ct);
            var erased = await new TableEraser(_table, () => new VaultRows()).EraseAsync(
                new RowJudge(["token"], (columns, row) => referenced.Contains(columns["token"][row]!) ? RowFate.Keep : RowFate.Drop), ct);
            if (!erased.Changed)
            {
                return 0;
            }

            var actions = _table.Preamble(DeltaSchema.Of(new VaultRows().Columns, []), [], "DELETE");
            actions.AddRange(erased.Removed.Select(f => (DeltaAction)f.Removed(_table.NowMs, dataChange: true)));
            actions.AddRange(erased.Written.Select(f => (DeltaAction)f));
            if (await _table.TryCommitAsync(actions, ct))
            {
                foreach (var token in _values.Keys.Where(t => !referenced.Contains(t)).ToList())
                {
                    _values.Remove(token);
                }

                _read.Clear();
                _read.UnionWith(_table.Snapshot.Files.Keys);
                return erased.Dropped;
            }
        }

        Task FlushPendingCheckAsync() => _pending.Rows == 0 ? Task.CompletedTask
            : throw new InvalidOperationException("the vault has rows no batch committed yet; flush them before an erasure's clean-up");
    }

    /// <summary>
    /// Every token the lake's tables name: the person columns of <c>touchpoints</c>, <c>rejected.raw</c>, and the override rules
    /// of <c>identity_overrides</c> (read back on a replay too). What an erasure's clean-up keeps (<see cref="KeepOnlyAsync"/>).
    /// </summary>
    public static async Task<HashSet<string>> ReferencedAsync(LakeContext lake, CancellationToken ct)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        (string Table, string[] Columns)[] named =
        [
            (TableNames.Touchpoints, ["email", "role_email", "phone", "anonymous_id", "user_id", "crm_contact_id", "social", FirstName, LastName]),
            (TableNames.Rejected, ["raw"]),
            (TableNames.IdentityOverrides, ["identifier_value_a", "identifier_value_b"]),
        ];
        foreach (var (name, columns) in named)
        {
            var snapshot = (await lake.OpenTableAsync(name, ct)).Snapshot;
            await foreach (var group in ParquetRowGroups.ReadAsync(snapshot.OrderedFiles.Select(snapshot.PathOf).ToList(), ct))
            {
                foreach (var column in columns.Where(group.Has))
                {
                    foreach (var value in await group.Strings(column))
                    {
                        if (value is not null)
                        {
                            referenced.Add(value);
                        }
                    }
                }
            }
        }

        return referenced;
    }

    private string Keep(string domain, string token, string value)
    {
        if (_values.TryAdd(token, value))
        {
            _pending.Add(domain, token, value, 0);
        }

        return token;
    }

    private async Task ReadNewFilesAsync(CancellationToken ct)
    {
        foreach (var file in _table.Snapshot.OrderedFiles.Where(f => !_read.Contains(f.FilePath)).ToList())
        {
            await foreach (var group in ParquetRowGroups.ReadAsync([_table.Snapshot.PathOf(file)], ct))
            {
                var tokens = await group.Strings("token");
                var values = await group.Strings("value");
                for (var i = 0; i < group.Rows; i++)
                {
                    _values.TryAdd(tokens[i]!, values[i]!);
                }
            }

            _read.Add(file.FilePath);
        }
    }
}
