namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>Holds the error that stopped the worker, so the process can exit non-zero after the host stops.</summary>
public sealed class WorkerFailure
{
    public Exception? Error { get; private set; }

    internal void Record(Exception error) => Error ??= error;
}
