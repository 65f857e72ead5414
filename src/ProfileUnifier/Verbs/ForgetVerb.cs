using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion.Erasure;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Verbs;

/// <summary>
/// <c>forget</c>: erases a person from every table of the lake (GDPR, 152-FZ) and keeps their later events out. A running
/// worker is asked to hand the lake over and takes it back afterwards (docs/privacy.md).
/// </summary>
internal static class ForgetVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var email = new Option<string?>("--email") { Description = "the person's email, in any spelling" };
        var phone = new Option<string?>("--phone") { Description = "the person's mobile number, in any format" };
        var crmId = new Option<string?>("--crm-id") { Description = "the person's CRM contact id" };
        var profileId = new Option<string?>("--profile-id") { Description = "the person's profile_id" };
        var reason = new Option<string?>("--reason")
        {
            Description = "the request's reference for the audit table (a ticket number; not the person's name or identifiers)",
        };
        var wait = new Option<TimeSpan>("--wait")
        {
            Description = "how long to wait for a running worker to hand the lake over (default 00:02:00)",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        };
        var command = new Command("forget",
            "Erases a person everywhere in the lake and keeps their later events out (a suppression list of keyed hashes); needs Privacy:Key")
        {
            lake, email, phone, crmId, profileId, reason, wait,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var given = new (ErasureKey Key, string? Value)[]
            {
                (ErasureKey.Email, parse.GetValue(email)), (ErasureKey.Phone, parse.GetValue(phone)),
                (ErasureKey.CrmId, parse.GetValue(crmId)), (ErasureKey.ProfileId, parse.GetValue(profileId)),
            }.Where(g => !string.IsNullOrWhiteSpace(g.Value)).ToList();
            if (given.Count != 1)
            {
                throw new ArgumentException("give exactly one of --email, --phone, --crm-id, --profile-id");
            }

            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var context = host.Services.GetRequiredService<LakeContext>();
            LakeFolders.RequireLake(context.Root);
            var request = new ErasureRequest(given[0].Key, given[0].Value!, Environment.UserName, parse.GetValue(reason));
            var job = new ForgetJob(context, host.Services.GetRequiredService<IOptions<IdentityRules>>().Value,
                host.Services.GetRequiredService<IOptions<IngestOptions>>().Value, host.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value,
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProfileUnifier.Forget"));
            var record = await job.RunAsync(request, Buffers, parse.GetValue(wait), message => console.Error.WriteLine(message), ct);
            await console.Out.WriteLineAsync(
                $"forgot the person with {Describe(request)}: {record.Rows.GetValueOrDefault(TableNames.Touchpoints):N0} events removed, " +
                $"{record.Rows.GetValueOrDefault(TableNames.Rejected):N0} rejected lines redacted, {record.Rows.GetValueOrDefault(TableNames.Merges):N0} merges removed" +
                string.Concat(record.Rows.Where(r => r.Key is not (TableNames.Touchpoints or TableNames.Rejected or TableNames.Merges))
                    .Select(r => $", {r.Value:N0} {r.Key} rows removed")) +
                $"; {record.IdentifiersSuppressed} identifiers on the suppression list; superseded files deleted; audit row {record.ErasureId} in table erasures");
            await console.Out.WriteLineAsync("Run `profileunifier rank` to recompute the rankings without their orders.");
            return CliAction.Ok;
        }));
        return command;
    }

    /// <summary>The tables besides the batch and identity tables that forget can rewrite (each one that names people must be here).</summary>
    private static TableBuffer? Buffers(string table) => TableBuffers.For(table) ?? RankTables.BufferFor(table);

    private static string Describe(ErasureRequest request) => request.Key switch
    {
        ErasureKey.Email => $"email {PersonLocator.Shown(request.Value)}",
        ErasureKey.Phone => $"phone {PersonLocator.Shown(request.Value)}",
        ErasureKey.CrmId => $"crm id {PersonLocator.Shown(request.Value)}",
        _ => $"profile_id {request.Value.Trim()}",
    };
}
