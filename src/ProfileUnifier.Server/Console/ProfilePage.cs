using Microsoft.AspNetCore.Http;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>A person: card, identifiers, employment history where known, activity by source and the timeline.</summary>
internal static class ProfilePage
{
    private static readonly string[] Sources = ["web", "app", "email", "call", "social", "crm"];

    public static IResult Render(string id, int? page, HttpContext http, LakeReads lake, ServerOptions options)
    {
        var view = lake.Profile(id, http.IsViewer());
        var p = view.Profile;
        var timeline = lake.Timeline("profile_id", id, page ?? 1, options.PageSize);
        var name = string.Join(' ', new[] { p.Text("first_name"), p.Text("last_name") }.Where(n => !string.IsNullOrEmpty(n)));
        var account = view.Account is { } a ? Html.Link(Html.AccountHref(a.Text("account_id")!), a.Text("name") ?? a.Text("account_id")) : null;
        var ranking = view.Ranking is { } r ? Html.Badges([$"#{r.GetValueOrDefault("rank")}", $"ABC {r.Text("abc_class")}", r.Text("kaism_quadrant") ?? ""]) : null;
        var body = Html.Card(
            ("profile_id", Html.Encode(p.Text("profile_id"))), ("title", Html.Encode(p.Text("title"))), ("role", Html.Encode(p.Text("role"))),
            ("account", account), ("account ranking", ranking), ("emails", Html.Encode(p.GetValueOrDefault("emails"))),
            ("phones", Html.Encode(p.GetValueOrDefault("phones"))), ("first seen", Html.Encode(p.GetValueOrDefault("first_seen"))),
            ("last seen", Html.Encode(p.GetValueOrDefault("last_seen"))), ("events", Html.Encode(p.GetValueOrDefault("events"))));
        body += "<h2>Identifiers</h2>" + Html.Table(view.Identifiers.Select(i => new Row { ["type"] = i.Type, ["value"] = i.Value, ["shared"] = i.IsShared }),
            ["type", "value", "shared"], null, "identifiers");
        body += "<h2>Employment history</h2>" + (view.Employment is null
            ? "<p class=\"muted\">This lake does not record job changes.</p>"
            : view.Employment.Count == 0 ? "<p class=\"muted\">No moves between companies recorded.</p>"
            : Html.Table(view.Employment, [.. view.Employment[0].Keys.Where(k => k != "profile_id")], null, "employment"));
        body += "<h2>Activity by source</h2>" + Html.Table([Activity(p)], Sources);
        body += "<h2>Timeline</h2>" + Timeline(timeline, http);
        return Html.Result(name.Length > 0 ? name : id, body, http);
    }

    private static Row Activity(Row profile)
    {
        var row = new Row();
        foreach (var source in Sources)
        {
            row[source] = profile.GetValueOrDefault($"events_{source}");
        }

        return row;
    }

    public static string Timeline(Paged<TimelineItem> timeline, HttpContext http) =>
        Html.Table(timeline.Items.Select(t => new Row
        {
            ["when (UTC)"] = t.OccurredAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["source"] = t.Source, ["type"] = t.Type, ["person"] = t.Person, ["what"] = t.Summary,
        }), ["when (UTC)", "source", "type", "person", "what"], null, "timeline") + Html.Pager(timeline, http);
}
