using Bifrost.AppArmor.Bench;

// Usage: dotnet run -c Release --project bench/Bifrost.AppArmor.Bench [-- tightness OBSERVATIONS.json]
if (args is ["tightness", var file])
    return Tightness.Run(file);
GenerationBench.Run();
return 0;
