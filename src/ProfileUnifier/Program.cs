using ProfileUnifier.Cli;

return await ProfileUnifierCli.InvokeAsync(args, CliConsole.System);
