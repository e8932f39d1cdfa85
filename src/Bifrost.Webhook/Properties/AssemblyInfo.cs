using System.Runtime.CompilerServices;

// The scale model drives the real intake flusher, profile store and lifecycle against a stand-in API server.
[assembly: InternalsVisibleTo("Bifrost.Scale.Bench")]
