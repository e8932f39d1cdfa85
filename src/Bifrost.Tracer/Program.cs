using Bifrost.Tracing.Sidecar;

// The sidecar. Local learning is `bifrost learn` in the command line tool.
return args.FirstOrDefault() switch
{
    "run" or null => await SidecarHost.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Bifrost.Tracer [run]   (the sidecar; for local learning use: bifrost learn -- COMMAND)");
    return 2;
}
