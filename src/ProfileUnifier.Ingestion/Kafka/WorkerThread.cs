using System.Collections.Concurrent;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Runs the worker's async loop on the calling thread, a thread of its own: the continuations of its awaits come back to
/// it (a synchronization context of one thread). So Confluent.Kafka's Consume, which blocks by nature, and the rebalance
/// handlers librdkafka calls inside it run on that one thread, the batch is never touched by two threads at once, and
/// the lake's I/O (opening the ingestor, commits, shutdown maintenance) is awaited rather than blocked on.
/// </summary>
internal static class WorkerThread
{
    /// <summary>Runs <paramref name="body"/> to its end on this thread; rethrows what it threw.</summary>
    public static void Run(Func<Task> body)
    {
        var previous = SynchronizationContext.Current;
        using var context = new OneThreadContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            var task = body();
            task.ContinueWith(_ => context.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            context.RunUntilComplete();
            // Completed by now: this only rethrows its exception as it was.
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private sealed class OneThreadContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                _queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // Posted after the loop ended (a straggling continuation): the thread pool runs it.
                ThreadPool.QueueUserWorkItem(_ => d(state));
            }
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("the worker's thread takes no synchronous calls from other threads");

        public override SynchronizationContext CreateCopy() => this;

        public void RunUntilComplete()
        {
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            {
                callback(state);
            }
        }

        public void Complete() => _queue.CompleteAdding();

        public void Dispose() => _queue.Dispose();
    }
}
