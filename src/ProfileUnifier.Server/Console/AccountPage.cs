using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>An account: card, ranking (ABC, share, KAISM position), score breakdown, risks, alerts, people and the timeline.</summary>
internal static class AccountPage
{
    public static IResult Render(string id, int? page, HttpContext http, LakeReads lake, ServerOptions options)
    {
        var view = lake.Account(id, http.IsViewer());
        var a = view.Account;
        var body = Html.Card(
            ("account_id", Html.Encode(a.Text("account_id"))), ("CRM id", Html.Encode(a.Text("crm_account_id"))), ("INN", Html.Encode(a.Text("inn"))),
            ("domain", Html.Encode(a.Text("domain"))), ("industry", Html.Encode(a.Text("industry"))), ("region", Html.Encode(a.Text("region"))),
            ("employees", Html.Encode(a.GetValueOrDefault("employees"))), ("revenue (all time)", Html.Encode(a.GetValueOrDefault("revenue"))),
            ("contacts", Html.Encode(a.GetValueOrDefault("contacts"))));
        body += "<h2>Ranking</h2>" + (view.Ranking is { } r
            ? Html.Card(
                ("rank", Html.Encode(r.GetValueOrDefault("rank"))), ("ABC class", Html.Encode(r.Text("abc_class"))),
                ("revenue in the window", Html.Encode(r.GetValueOrDefault("revenue"))), ("share of revenue", Percent(r.GetValueOrDefault("revenue_share"))),
                ("share flag", Html.Encode(r.Text("share_flag"))), ("score (1..10)", Html.Encode(r.GetValueOrDefault("score"))),
                ("KAISM quadrant", Html.Encode(r.Text("kaism_quadrant"))),
                ("KAISM position", $"value {Html.Encode(r.GetValueOrDefault("kaism_value"))} · attractiveness {Html.Encode(r.GetValueOrDefault("kaism_attractiveness"))}"),
                ("risks", view.RiskFlags.Count == 0 ? "none" : Html.Badges(view.RiskFlags, risk: true)))
              + "<h2>Score breakdown</h2>" + Html.Table(view.Score.Select(s => new Row { ["criterion"] = s.Criterion, ["score"] = s.Score }), ["criterion", "score"], null, "score")
            : "<p class=\"muted\">Not ranked yet: run <code>profileunifier rank</code>.</p>");
        body += "<h2>Alerts</h2>" + (view.Alerts is null
            ? "<p class=\"muted\">This lake has no alerts table.</p>"
            : view.Alerts.Count == 0 ? "<p class=\"muted\">No alerts.</p>"
            : Html.Table(view.Alerts, [.. view.Alerts[0].Keys.Where(k => k != "account_id")], null, "alerts"));
        body += "<h2>People</h2>" + Html.Table(view.People, ["profile_id", "first_name", "last_name", "title", "role", "emails", "events", "last_seen"], Html.Links, "people");
        body += "<h2>Timeline</h2>" + ProfilePage.Timeline(lake.Timeline("account_id", id, page ?? 1, options.PageSize), http);
        return Html.Result(a.Text("name") ?? id, body, http);
    }

    private static string Percent(object? share) => share is double d ? d.ToString("P1", CultureInfo.InvariantCulture) : "";
}
