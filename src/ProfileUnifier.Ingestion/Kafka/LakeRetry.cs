using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Retries for the lake writes (Polly): transient file-system errors (a full disk, a network share that
/// went away) are retried with exponential backoff and jitter up to a total timeout; the worker reads
/// nothing meanwhile, which is the back-pressure.
/// </summary>
public static class LakeRetry
{
    public static ResiliencePipeline Create(TimeSpan total, ILogger logger, Action? onRetry = null) =>
        new ResiliencePipelineBuilder()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = total })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<IOException>().Handle<UnauthorizedAccessException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(30),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    onRetry?.Invoke();
                    logger.LogWarning("Lake write failed ({Error}); retry {Attempt} in {Delay} ms, reading paused",
                        args.Outcome.Exception?.Message, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
