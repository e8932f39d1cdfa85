Console.Error.WriteLine("Bifrost.Tracer: not built yet");
return 2;
