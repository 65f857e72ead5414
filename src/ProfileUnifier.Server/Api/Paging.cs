namespace ProfileUnifier.Server.Api;

/// <summary>Page numbers from 1 and page sizes up to ten times the configured one.</summary>
internal static class Paging
{
    public static (int Page, int Size) Of(int? page, int? size, ServerOptions options)
    {
        var p = page ?? 1;
        var s = size ?? options.PageSize;
        if (p < 1 || s < 1 || s > options.PageSize * 10)
        {
            throw new ArgumentException($"page starts at 1 and pageSize is 1..{options.PageSize * 10}");
        }

        return (p, s);
    }
}
