using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using ProfileUnifier.Query.Profiles;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Api;

/// <summary>The REST API (<c>/api/v1</c>, documented at <c>/openapi/v1.json</c>): read-only, keyed, identifiers masked for viewers.</summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("lake");
        api.MapGet("/lookup", Lookup)
            .WithSummary("A person (or an account) by any identifier, normalised as ingestion does it")
            .WithDescription("Give exactly one of email, phone, crm_id, user_id, social, profile_id, account. 404 when nothing matches.");
        api.MapGet("/profiles/{id}", (string id, HttpContext http, LakeReads lake) => lake.Profile(id, http.IsViewer()))
            .WithSummary("A profile: card, identifiers, account, ranking, employment history where known");
        api.MapGet("/profiles/{id}/timeline", (string id, int? page, int? pageSize, LakeReads lake, IOptions<ServerOptions> options) =>
            Timeline(lake, "profile_id", id, page, pageSize, options.Value)).WithSummary("A profile's touchpoints, newest first, paged");
        api.MapGet("/accounts/{id}", (string id, HttpContext http, LakeReads lake) => lake.Account(id, http.IsViewer()))
            .WithSummary("An account: ranking, score breakdown, risk flags, people (decision-makers first), alerts where the lake has them");
        api.MapGet("/accounts/{id}/timeline", (string id, int? page, int? pageSize, LakeReads lake, IOptions<ServerOptions> options) =>
            Timeline(lake, "account_id", id, page, pageSize, options.Value)).WithSummary("An account's touchpoints, newest first, paged");
        api.MapGet("/rankings", Rankings).WithSummary("The latest ranking, filtered by ABC class, KAISM quadrant or flag (share flag or risk flag)");
        api.MapGet("/segments", (LakeReads lake) => lake.Segments()).WithSummary("The saved segments with their sizes");
        api.MapGet("/segments/{name}/members", (string name, int? page, int? pageSize, HttpContext http, LakeReads lake, IOptions<ServerOptions> options) =>
        {
            var (p, s) = Paging.Of(page, pageSize, options.Value);
            return lake.SegmentMembers(name, p, s, http.IsViewer());
        }).WithSummary("A segment's members, paged");
        api.MapGet("/segments/{name}/export", SegmentExport.Handle)
            .WithSummary("A segment's members as a file: format=csv (default; bom=true for Excel) or parquet (analysts)")
            .Produces(200, contentType: "text/csv").Produces(200, contentType: "application/vnd.apache.parquet");
        api.MapGet("/report", (LakeReads lake) => Results.Content(lake.Report(), "text/html; charset=utf-8"))
            .WithSummary("The portfolio report (HTML, charts embedded)");
    }

    private static LookupResult Lookup(HttpContext http, LakeReads lake,
        string? email, string? phone, [FromQuery(Name = "crm_id")] string? crmId, [FromQuery(Name = "user_id")] string? userId,
        string? social, [FromQuery(Name = "profile_id")] string? profileId, string? account)
    {
        (string? Value, LookupKind Kind)[] given =
        [
            (email, LookupKind.Email), (phone, LookupKind.Phone), (crmId, LookupKind.CrmContactId), (userId, LookupKind.UserId),
            (social, LookupKind.Social), (profileId, LookupKind.ProfileId), (account, LookupKind.Account),
        ];
        var chosen = given.Where(g => !string.IsNullOrWhiteSpace(g.Value)).ToList();
        return chosen.Count == 1
            ? lake.Lookup(new Lookup(chosen[0].Kind, chosen[0].Value!), http.IsViewer())
            : throw new ArgumentException("give exactly one of email, phone, crm_id, user_id, social, profile_id, account");
    }

    private static Paged<TimelineItem> Timeline(LakeReads lake, string column, string id, int? page, int? pageSize, ServerOptions options)
    {
        var (p, s) = Paging.Of(page, pageSize, options);
        return lake.Timeline(column, id, p, s);
    }

    private static Paged<Row> Rankings(HttpContext http, LakeReads lake, IOptions<ServerOptions> options, string? abc, string? quadrant, string? flag, int? page, int? pageSize)
    {
        var (p, s) = Paging.Of(page, pageSize, options.Value);
        return lake.Rankings(new RankingFilter(abc, quadrant, flag), p, s, http.IsViewer());
    }
}
