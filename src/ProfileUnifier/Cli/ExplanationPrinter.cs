using System.Globalization;
using ProfileUnifier.Core.Identity.Explain;

namespace ProfileUnifier.Cli;

/// <summary>An explanation as a readable tree: the question, the answer, then identifiers, the chain, reasons and accounts.</summary>
internal static class ExplanationPrinter
{
    public static void Print(TextWriter output, Explanation x)
    {
        output.WriteLine(x.Question);
        output.WriteLine(x.Answer);
        var sections = new List<Node>();
        if (x.Event is { } e)
        {
            sections.Add(new($"event {e.EventId} at {Time(e.OccurredAt)}",
                [new($"identifiers: {string.Join(", ", e.Identifiers)}"), new($"profile: {e.ProfileId ?? "none"}" + (e.ProfileVia is null ? "" : $" (through {e.ProfileVia})"))]));
        }

        if (x.Identifiers.Count > 0 && x.Event is null)
        {
            sections.Add(new("identifiers", [.. x.Identifiers.Select(Identifier)]));
        }

        if (x.Chain.Count > 0)
        {
            sections.Add(new("chain", [.. x.Chain.Select(Link)]));
        }

        if (x.Reasons.Count > 0)
        {
            sections.Add(new("why", [.. x.Reasons.Select(r => new Node(r))]));
        }

        if (x.Accounts.Count > 0)
        {
            sections.Add(new("accounts", [.. x.Accounts.Select(Account)]));
        }

        Write(output, sections, "");
    }

    private static Node Identifier(IdentifierFacts f) => f.Type is null
        ? new($"{f.Identifier}: never seen")
        : new($"{f.Identifier}: profile {f.ProfileId ?? "none"}, account {f.AccountId ?? "none"}, {f.Events:N0} events, " +
              $"{Day(f.FirstSeen)} … {Day(f.LastSeen)}" + (f.Shared is null ? "" : $"; shared: {f.Shared}"));

    private static Node Link(ExplainedLink l)
    {
        var seen = l.EventId is null ? "" : $": first together in event {l.EventId} ({Time(l.At)}), {l.Events:N0} event(s) with both";
        return l.Holds ? new($"{l.From} ── {l.To}{seen}") : new($"✗ {l.From} ── {l.To}{seen}", [new(l.Why!)]);
    }

    private static Node Account(AccountExplanation a)
    {
        var name = a.AccountName is null ? "" : $" \"{a.AccountName}\"";
        var basis = a.Basis is null ? "" : $" [{a.Basis}]";
        return new($"{a.Subject} → {a.AccountId ?? "no account"}{name}{basis}: {a.Why}",
            [.. a.Employment.Select(p => new Node(
                $"{p.AccountId}{(p.AccountName is null ? "" : $" \"{p.AccountName}\"")} " +
                $"{(p.From is null ? "from the start" : $"from {Day(p.From)}")} {(p.To is null ? "until now" : $"to {Day(p.To)}")} " +
                $"(evidence {Day(p.FirstSeen)} … {Day(p.LastSeen)}, {p.Events:N0} events)"))]);
    }

    private static void Write(TextWriter output, IReadOnlyList<Node> nodes, string indent)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var last = i == nodes.Count - 1;
            output.WriteLine($"{indent}{(last ? "└─ " : "├─ ")}{nodes[i].Text}");
            Write(output, nodes[i].Children, indent + (last ? "   " : "│  "));
        }
    }

    private static string Day(DateTime? t) => t?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";

    private static string Time(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "?";

    private sealed record Node(string Text, IReadOnlyList<Node> Children)
    {
        public Node(string text)
            : this(text, [])
        {
        }
    }
}
