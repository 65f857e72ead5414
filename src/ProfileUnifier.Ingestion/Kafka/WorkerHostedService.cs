using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Runs <see cref="KafkaLakeWorker"/> on a thread of its own (its consume loop blocks). A failure is never
/// swallowed: it is logged, recorded in <see cref="WorkerFailure"/> and stops the host, so the process
/// exits non-zero. On SIGTERM the worker commits what it read and leaves the group before the host stops.
/// </summary>
internal sealed class WorkerHostedService(KafkaLakeWorker worker, WorkerFailure failure, IHostApplicationLifetime lifetime,
    ILogger<WorkerHostedService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var thread = new Thread(Run) { Name = "kafka-lake-worker", IsBackground = true };
        thread.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cut off by the host's shutdown timeout: safe (a commit is all or nothing), but say so.
            logger.LogWarning("The worker did not finish stopping in time (state {State}): what it had not committed is read again by the next start",
                worker.Status.State);
            throw;
        }
    }

    private void Run()
    {
        try
        {
            worker.Run(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            worker.Status.State = WorkerState.Stopped;
        }
        catch (Exception ex)
        {
            worker.Status.State = WorkerState.Failed;
            failure.Record(ex);
            logger.LogCritical(ex, "The worker stopped: {Reason}", ex.Message);
            lifetime.StopApplication();
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    public void Dispose() => _stopping.Dispose();
}
