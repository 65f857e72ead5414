using System.CommandLine;
using ProfileUnifier.Verbs;

namespace ProfileUnifier.Cli;

/// <summary>The verbs of <c>profileunifier</c> (DESIGN.md, "The executable").</summary>
public static class ProfileUnifierCli
{
    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("ProfileUnifier: customer events from Kafka or NDJSON into unified profiles, accounts and a Parquet lake")
        {
            CommonOptions.Config,
        };
        root.Subcommands.Add(DemoVerb.Create(console));
        root.Subcommands.Add(GenerateVerb.Create(console));
        root.Subcommands.Add(IngestVerb.Create(console));
        root.Subcommands.Add(RunVerb.Create(console));
        root.Subcommands.Add(BrokerVerb.Create(console));
        root.Subcommands.Add(EvaluateVerb.Create(console));
        root.Subcommands.Add(RankVerb.Create(console));
        root.Subcommands.Add(QueryVerb.Create(console));
        root.Subcommands.Add(ProfileVerb.Create(console));
        root.Subcommands.Add(ExplainVerb.Create(console));
        root.Subcommands.Add(SegmentVerb.Create(console));
        root.Subcommands.Add(ReportVerb.Create(console));
        root.Subcommands.Add(ServeVerb.Create(console));
        root.Subcommands.Add(ForgetVerb.Create(console));
        root.Subcommands.Add(OptimizeVerb.Create(console));
        root.Subcommands.Add(VacuumVerb.Create(console));
        root.Subcommands.Add(ConvertVerb.Create(console));
        return root;
    }

    /// <summary>
    /// Parses and runs, with usage errors and help going to the console's writers. SIGTERM and Ctrl+C cancel the verb
    /// and wait up to <see cref="StopGrace"/> for it: a worker finishing its commit must not be cut off after
    /// System.CommandLine's default grace of two seconds.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args, CliConsole console) =>
        Create(console).Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            ProcessTerminationTimeout = StopGrace,
        });

    /// <summary>How long a stop waits for the verb to finish what it is doing (a commit, the final snapshot tables).</summary>
    public static TimeSpan StopGrace { get; } = TimeSpan.FromSeconds(60);
}
