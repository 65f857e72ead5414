using System.Text;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Tests;

/// <summary>Events and table rows for lake tests, built through the real intake and engine.</summary>
internal static class LakeFixture
{
    public static readonly string[] Lines =
    [
        """{"event_id":"w-1","source":"web","type":"form_submitted","occurred_at":"2026-11-20T10:16:00.123456+03:00","identifiers":{"email":"Ivan.Petrov@Romashka.ru","phone":"+7 (916) 123-45-67","anonymous_id":"ck-1"},"account":{"name":"ООО Ромашка","domain":"romashka.ru"},"traits":{"first_name":"Иван","last_name":"Petrov","role":"decision_maker"},"properties":{"form":"demo","utm":{"source":"yandex"}}}""",
        """{"event_id":"r-1","source":"crm","type":"order_completed","occurred_at":"2026-11-21T09:00:00Z","identifiers":{"crm_contact_id":"C-1","email":"ivan.petrov@romashka.ru"},"account":{"account_id":"A-17","inn":"7707083893","industry":"retail","employees":300},"properties":{"order_id":"O-1","amount":125000.5,"currency":"RUB","margin":-0.02,"discount":0.05}}""",
        """{"event_id":"r-2","source":"crm","type":"invoice_issued","occurred_at":"2026-11-21T09:05:00Z","account":{"account_id":"A-17"},"properties":{"invoice_id":"INV-1","amount":125000.5,"due_date":"2026-12-21"}}""",
        """{"event_id":"e-1","source":"email","type":"email_opened","occurred_at":"2026-11-22T08:00:00Z","identifiers":{"email":"info@romashka.ru","phone":"+7 000 000 00 00"}}""",
    ];

    public static (IdentityEngine Engine, List<(IncomingEvent Event, IdentityKeys Keys, int Signature)> Events) Resolve()
    {
        var engine = new IdentityEngine(new IdentityRules());
        var intake = new EventIntake(new EventParser(), engine.Normalizer);
        var events = new List<(IncomingEvent, IdentityKeys, int)>();
        foreach (var line in Lines)
        {
            var result = intake.Read(Encoding.UTF8.GetBytes(line));
            events.Add((result.Event!, result.Keys!, engine.Observe(result.Event!, result.Keys!)));
        }

        engine.Resolve();
        return (engine, events);
    }

    /// <summary>When <see cref="Touchpoints"/>' rows are ingested.</summary>
    public static readonly DateTime IngestedAt = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>What the engine resolved each of <see cref="Touchpoints"/>' signatures to (their batch's resolution).</summary>
    public static CapturedResolutions Resolution()
    {
        var (engine, events) = Resolve();
        return CapturedResolutions.Capture(events.Select(e => e.Signature), engine.Capture);
    }

    public static TouchpointPartitions Touchpoints(long batch = 1)
    {
        var (engine, events) = Resolve();
        var partitions = new TouchpointPartitions();
        var at = IngestedAt;
        var line = 0;
        foreach (var (e, keys, signature) in events)
        {
            partitions.Add(e, keys, signature, SourcePosition.InFile("/data/events.ndjson", ++line), batch);
        }

        partitions.Resolve(engine.Capture, at);
        return partitions;
    }

    /// <summary>A batch of the fixture's lines: touchpoints, one rejected line, one merge; progress of one input.</summary>
    public static GroupCommit Batch(long number, string input = "input-1")
    {
        var touchpoints = Touchpoints(number);
        var rejected = new RejectedRows();
        rejected.Add(new Rejection(RejectionCode.InvalidJson, "", "invalid JSON"), SourcePosition.InFile("/x.ndjson", 3), "{oops"u8,
            new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), number);
        var merges = new MergesRows();
        merges.AddRange([new IdentityChange(ChangeKind.Merge, IdentityLevel.Profile, "p_a", "p_b", "w-1", DateTimeOffset.UnixEpoch, "linked by email")],
            new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), number);
        var moves = new JobChangesRows();
        moves.AddRange([new JobChange("p_a", "a_old", "a_new", DateTimeOffset.UnixEpoch.AddDays(2), DateTimeOffset.UnixEpoch.AddDays(1), "w-1")],
            new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), number);
        return new GroupCommit
        {
            Operation = "WRITE",
            Leader = new TableChange
            {
                Schema = touchpoints.Buffer,
                PartitionColumns = TouchpointPartitions.PartitionColumns,
                Files = [.. touchpoints.Partitions().Select(p => new FileSlice(p.Partition, p.Rows))],
            },
            Members =
            {
                [TableNames.Rejected] = new TableChange { Schema = rejected, Files = [FileSlice.Unpartitioned(rejected.All)] },
                [TableNames.Merges] = new TableChange { Schema = merges, Files = [FileSlice.Unpartitioned(merges.All)] },
                [TableNames.JobChanges] = new TableChange { Schema = moves, Files = [FileSlice.Unpartitioned(moves.All)] },
            },
            Progress = [.. LakeProgress.Actions(new BatchCounts(number * 5, number * 4, number, 0), [new InputPosition(input, number * 5, null, null, Complete: false)], [], 0)],
            Counts = new BatchCounts(5, 4, 1, 0),
        };
    }

    public static Task<GroupWriter> BatchWriterAsync(string root, ILakeFileSystem? fs = null, LakeOptions? options = null) =>
        GroupWriter.OpenAsync(TableGroup.Batch, root, fs ?? LocalFileSystem.Instance, options ?? new LakeOptions { Root = root }, TimeProvider.System,
            WriterIdentity.New(), CancellationToken.None);
}
