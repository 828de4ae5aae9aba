namespace HybridSearch.Ingestion.Tests.Fakes;

/// <summary>Thrown by fakes to end a run abruptly, as a kill would (an argument error, so it is not retried).</summary>
internal sealed class SimulatedCrashException() : ArgumentException("simulated crash");
