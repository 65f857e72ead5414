using Microsoft.AspNetCore.Http;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>The start page: one box for any identifier (in any spelling), a person's name or a company.</summary>
internal static class SearchPage
{
    public static IResult Render(string? q, HttpContext http, LakeReads lake)
    {
        var body = $"""
            <form class="search" method="get" action="/"><input type="search" name="q" value="{Html.Encode(q ?? "")}" autofocus
              placeholder="email, phone, CRM id, name, company, INN, domain"> <button>Search</button></form>
            """;
        if (string.IsNullOrWhiteSpace(q))
        {
            return Html.Result("Find a client", body, http);
        }

        var found = lake.Search(q, http.IsViewer());
        if (found.Exact is { } exact)
        {
            // One identifier, one answer: go straight to it.
            return Results.Redirect(exact.Profile is { } p ? Html.ProfileHref(p.Profile.Text("profile_id")!) : Html.AccountHref(exact.Account!.Account.Text("account_id")!));
        }

        body += found.People.Count + found.Accounts.Count == 0
            ? $"<p>Nothing matches “{Html.Encode(q)}”.</p>"
            : $"<h2>People</h2>{Html.Table(found.People, ["profile_id", "first_name", "last_name", "title", "role", "emails"], Html.Links, "people")}" +
              $"<h2>Accounts</h2>{Html.Table(found.Accounts, ["account_id", "name", "domain", "inn", "region", "revenue"], Html.Links, "accounts")}";
        return Html.Result("Find a client", body, http);
    }
}
