using System.Diagnostics;
using Xunit;

namespace ProfileUnifier.Testing;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>; <c>.ci/run</c> installs it). A test that needs it is
/// skipped on a developer machine without it, and fails on the build server (CI=true), so the build never
/// passes without having rendered the report in a real browser.
/// </summary>
public static class Chromium
{
    public static string Require()
    {
        var path = new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        if (path is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("Chromium is missing on the build server: apt-get install chromium (or set CHROMIUM)");
        }

        Skip.If(path is null, "Chromium is not installed: apt-get install chromium (or set CHROMIUM) to run this test");
        return path!;
    }

    /// <summary>Opens <paramref name="html"/> headless and saves a screenshot of the given size.</summary>
    public static async Task ScreenshotAsync(string chromium, string html, string png, int width, int height)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            $"--user-data-dir={Path.Combine(Path.GetDirectoryName(png)!, "chromium-profile")}",
            $"--window-size={width},{height}", $"--screenshot={png}", new Uri(html).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {process.ExitCode}): {await error}");
    }
}
