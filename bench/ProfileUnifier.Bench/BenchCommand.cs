using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Bench.Workloads;

namespace ProfileUnifier.Bench;

/// <summary>
/// <c>dotnet run --project bench/ProfileUnifier.Bench -c Release -- --quick|--full [--out FILE] [--only 1,2,...] [--micro]</c>:
/// runs every row at the chosen size and writes RESULTS.md. --micro runs the BenchmarkDotNet micro-benchmarks instead and
/// writes RESULTS-micro.md.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--micro"))
        {
            // In process: generating and building a separate benchmark project outlasts BenchmarkDotNet's two-minute build
            // timeout on a busy two-core machine. Artifacts go where .gitignore expects them.
            var repository = FindRoot();
            var config = DefaultConfig.Instance
                .AddJob(Job.MediumRun.WithToolchain(InProcessEmitToolchain.Instance))
                .WithArtifactsPath(Path.Combine(repository, "bench", "BenchmarkDotNet.Artifacts"));
            var summary = BenchmarkDotNet.Running.BenchmarkRunner.Run<Micro.IntakeBenchmarks>(config);
            var micro = Value(args, "--out") ?? Path.Combine(repository, "bench", "RESULTS-micro.md");
            await File.WriteAllTextAsync(micro, MicroResultsWriter.Render(summary, Machine.Describe(DuckDbVersion(), Confluent.Kafka.Library.VersionString),
                Commit(repository), DateTime.UtcNow));
            Console.WriteLine($"wrote {micro}");
            return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
        }

        var size = args.Contains("--full") ? BenchSize.Full : BenchSize.Quick;
        var root = FindRoot();
        var output = Value(args, "--out") ?? Path.Combine(root, "bench", size == BenchSize.Full ? "RESULTS.md" : "RESULTS-quick.md");
        var only = Value(args, "--only")?.Split(',').ToHashSet() ?? ["1", "2", "3", "4", "5", "6", "7", "8", "10", "11", "12"];
        var scratch = Path.Combine(Path.GetTempPath(), $"pu-bench-{Guid.NewGuid():N}");
        var ctx = new BenchContext(size, Path.Combine(root, "bench", ".data"), scratch, Console.Out);
        var executable = Path.Combine(AppContext.BaseDirectory, "profileunifier.dll");
        var watch = Stopwatch.StartNew();
        var rows = new List<ResultRow>();
        // First, so a run in a slow hour can be stopped before it takes minutes (README, "Slow hours").
        var faultsBefore = MemoryFaultProbe.Measure();
        ctx.Log.WriteLine($"fresh memory: {MemoryFaultProbe.Describe(faultsBefore)}");
        try
        {
            await Step(ctx, only, "1", async () => rows.Add(await IdentityWorkload.RunAsync(ctx)));
            await Step(ctx, only, "2", async () => rows.AddRange(await IngestWorkload.RunAsync(ctx)));
            await Step(ctx, only, "3", async () => rows.Add(await KafkaWorkload.RunAsync(ctx)));
            await Step(ctx, only, "4", async () => rows.AddRange(await ParquetWorkload.RunAsync(ctx)));
            await Step(ctx, only, "5", () =>
            {
                rows.AddRange(MemoryWorkload.Run(ctx, executable));
                return Task.CompletedTask;
            });
            await Step(ctx, only, "6", async () => rows.AddRange(await ScalingWorkload.RunAsync(ctx)));
            await Step(ctx, only, "7", async () => rows.Add(await RankWorkload.RunAsync(ctx)));
            await Step(ctx, only, "8", async () => rows.AddRange(await LakeScaleWorkload.RunAsync(ctx)));
            await Step(ctx, only, "10", async () => rows.Add(await DemoFilesWorkload.RunAsync(ctx, executable)));
            await Step(ctx, only, "11", async () => rows.Add(await LookupWorkload.RunAsync(ctx)));
            await Step(ctx, only, "12", async () => rows.Add(await ResolveScaleWorkload.RunAsync(ctx)));
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var command = $"dotnet run --project bench/ProfileUnifier.Bench -c Release -- --{size.Name}" + (Value(args, "--only") is { } o ? $" --only {o}" : "");
        var faults = (faultsBefore, MemoryFaultProbe.Measure());
        var markdown = ResultsWriter.Render(Goals.Judge(rows), size.Name, command, Machine.Describe(DuckDbVersion(), Confluent.Kafka.Library.VersionString),
            faults, Commit(root), DateTime.UtcNow, watch.Elapsed);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {output} in {watch.Elapsed.TotalMinutes:N1} min");
        return 0;
    }

    private static async Task Step(BenchContext ctx, HashSet<string> only, string row, Func<Task> run)
    {
        if (!only.Contains(row))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        ctx.Log.WriteLine($"row {row}…");
        await run();
        ctx.Log.WriteLine($"row {row} done in {watch.Elapsed.TotalSeconds:N0} s");
    }

    private static string? Value(string[] args, string name) =>
        Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProfileUnifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("run from inside the repository (no ProfileUnifier.sln above the current folder)");
    }

    private static string DuckDbVersion()
    {
        using var duck = BenchContext.Duck();
        using var command = duck.CreateCommand();
        command.CommandText = "SELECT version()";
        return command.ExecuteScalar()?.ToString() ?? "?";
    }

    private static string Commit(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true };
            using var git = Process.Start(start)!;
            var hash = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? hash : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
