using ProfileUnifier.Bench;

return await BenchCommand.RunAsync(args);
