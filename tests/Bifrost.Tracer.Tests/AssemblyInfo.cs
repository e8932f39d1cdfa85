using System.Runtime.Versioning;

// The tracer is Linux-only; so are its tests.
[assembly: SupportedOSPlatform("linux")]
