using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Observability;

public static class WorkerHealthExtensions
{
    /// <summary>The health options (section <c>Health</c>), readiness, and the OpenTelemetry meters exported for Prometheus.</summary>
    public static IServiceCollection AddWorkerHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorkerReadiness>();
        services.AddSingleton<HealthMetrics>();
        services.AddRouting();
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("profileunifier")).WithMetrics(metrics => metrics
            .AddMeter(WorkerMetrics.MeterName, HealthMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>/healthz (alive: 503 once the worker has failed), /readyz (see <see cref="WorkerReadiness"/>), /metrics (Prometheus text).</summary>
    public static IEndpointRouteBuilder MapWorkerHealth(this IEndpointRouteBuilder routes)
    {
        // Created with the endpoints, so the gauges exist before the first scrape.
        routes.ServiceProvider.GetRequiredService<HealthMetrics>();
        routes.MapGet("/healthz", (WorkerStatus status) => status.State == WorkerState.Failed
            ? Results.Text("failed", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok"));
        routes.MapGet("/readyz", (WorkerReadiness readiness) => readiness.Check() is var report && report.Ready
            ? Results.Json(report)
            : Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable));
        routes.MapPrometheusScrapingEndpoint("/metrics");
        return routes;
    }
}
