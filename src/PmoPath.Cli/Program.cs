using PmoPath.Cli;

return await PmoPathCli.RunAsync(args, Console.Out, Console.Error);
