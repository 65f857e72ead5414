using ProfileUnifier.Cli;

StartupJit.Start(args);
return await ProfileUnifierCli.InvokeAsync(args, CliConsole.System);
