using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using ProfileUnifier.Query.Segments;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>The marketers' console: server-rendered pages over the same reads as the API.</summary>
internal static class ConsoleEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/", (string? q, HttpContext http, LakeReads lake) => SearchPage.Render(q, http, lake));
        pages.MapGet("/profiles/{id}", (string id, int? page, HttpContext http, LakeReads lake, IOptions<ServerOptions> o) => ProfilePage.Render(id, page, http, lake, o.Value));
        pages.MapGet("/accounts/{id}", (string id, int? page, HttpContext http, LakeReads lake, IOptions<ServerOptions> o) => AccountPage.Render(id, page, http, lake, o.Value));
        pages.MapGet("/rankings", (string? abc, string? quadrant, string? flag, int? page, HttpContext http, LakeReads lake, IOptions<ServerOptions> o) =>
            RankingsPage.Render(new RankingFilter(abc, quadrant, flag), page, http, lake, o.Value));
        pages.MapGet("/segments", (HttpContext http, LakeReads lake) => SegmentsPage.List(http, lake));
        pages.MapGet("/segments/{name}", (string name, int? page, HttpContext http, LakeReads lake, IOptions<SegmentOptions> s, IOptions<ServerOptions> o) =>
            SegmentsPage.Members(name, page, http, lake, s.Value, o.Value));
        pages.MapGet("/report", (LakeReads lake) => Results.Content(lake.Report(), "text/html; charset=utf-8"));
        pages.MapGet("/login", (string? returnUrl, HttpContext http) => LoginPage.Form(returnUrl, http)).AllowAnonymous();
        pages.MapPost("/login", LoginPage.Submit).AllowAnonymous().DisableAntiforgery();
        pages.MapPost("/logout", LoginPage.Logout).AllowAnonymous().DisableAntiforgery();
    }
}
