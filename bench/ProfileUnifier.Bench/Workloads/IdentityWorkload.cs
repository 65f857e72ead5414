using DuckDB.NET.Data;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 1: identity resolution alone, on events already parsed and normalised. Ours: the engine observes
/// every event, re-clusters, and tells each event its profile. Peer: what a warehouse user writes — connected
/// components over the same person-level identifier edges by iterative min-label propagation in DuckDB SQL.
/// </summary>
public static class IdentityWorkload
{
    private static readonly HashSet<IdentifierKind> PersonLevel =
        [IdentifierKind.CrmContactId, IdentifierKind.UserId, IdentifierKind.Email, IdentifierKind.Phone, IdentifierKind.Social, IdentifierKind.AnonymousId];

    public static async Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var rules = new IdentityRules();
        var events = ParsedEvents.Read(ctx.Events(ctx.Size.EngineEvents), rules);
        ctx.Log.WriteLine($"  identity: {events.Count:N0} events parsed");

        var assigned = Array.Empty<string?>();
        var ours = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            var engine = new IdentityEngine(rules);
            var signatures = new int[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                signatures[i] = engine.Observe(events[i].Event, events[i].Keys);
            }

            engine.Resolve(logChanges: false);
            // Every event's profile, asked once per signature as the pipeline does.
            var known = new Dictionary<int, string?>();
            assigned = new string?[signatures.Length];
            for (var i = 0; i < signatures.Length; i++)
            {
                if (!known.TryGetValue(signatures[i], out var profile))
                {
                    known[signatures[i]] = profile = engine.Resolution(signatures[i]).ProfileId;
                }

                assigned[i] = profile;
            }

            return Task.CompletedTask;
        });
        // Counted outside the timing: hashing a million profile ids is the bench's work, not the engine's.
        var profiles = assigned.Where(p => p is not null).Distinct(StringComparer.Ordinal).Count();

        using var duck = BenchContext.Duck();
        BenchContext.Execute(duck, "CREATE TABLE edges (e INTEGER, id VARCHAR)");
        using (var appender = duck.CreateAppender("edges"))
        {
            for (var i = 0; i < events.Count; i++)
            {
                foreach (var key in events[i].Keys.Keys)
                {
                    if (PersonLevel.Contains(key.Kind))
                    {
                        appender.CreateRow().AppendValue(i).AppendValue($"{key.Kind}:{key.Value}").EndRow();
                    }
                }
            }
        }

        var iterations = 0;
        var peer = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            iterations = LabelPropagation(duck);
            return Task.CompletedTask;
        });
        // Counted outside the timing, as the engine's profiles are.
        var components = BenchContext.Scalar(duck, "SELECT count(DISTINCT label) FROM lab");

        return new ResultRow("1", "identity resolution (engine only, parsed events)", $"{events.Count:N0} events", "events/s",
            Figure.Rate(events.Count, ours), "DuckDB SQL connected components", Figure.Rate(events.Count, peer),
            "≥ 1,000,000 events/s on one core and ≥ 10× the SQL", null,
            $"engine: {profiles:N0} profiles (shared identifiers and role mailboxes kept apart); SQL: {components:N0} components after {iterations} iterations (merges through every shared cookie and phone); DuckDB uses both cores, the engine one");
    }

    /// <summary>
    /// Min-label propagation over the event–identifier graph of table <c>edges (e INTEGER, id VARCHAR)</c> until no label
    /// changes (table lab: a label per event); the iterations. Row 2's stitching peer runs it too.
    /// </summary>
    internal static int LabelPropagation(DuckDBConnection duck)
    {
        BenchContext.Execute(duck, """
            CREATE OR REPLACE TABLE ids AS SELECT id, (row_number() OVER ())::INTEGER AS n FROM (SELECT DISTINCT id FROM edges);
            CREATE OR REPLACE TABLE g AS SELECT e, n FROM edges JOIN ids USING (id);
            CREATE OR REPLACE TABLE lab AS SELECT DISTINCT e, e AS label FROM g;
            """);
        var iterations = 0;
        long changed;
        do
        {
            iterations++;
            BenchContext.Execute(duck, """
                CREATE OR REPLACE TABLE idlab AS SELECT g.n, min(lab.label) AS label FROM g JOIN lab USING (e) GROUP BY g.n;
                CREATE OR REPLACE TABLE nxt AS SELECT g.e, min(idlab.label) AS label FROM g JOIN idlab USING (n) GROUP BY g.e;
                """);
            changed = BenchContext.Scalar(duck, "SELECT count(*) FROM nxt JOIN lab USING (e) WHERE nxt.label <> lab.label");
            BenchContext.Execute(duck, "DROP TABLE lab; ALTER TABLE nxt RENAME TO lab;");
        }
        while (changed > 0);

        return iterations;
    }
}
