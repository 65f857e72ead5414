namespace ProfileUnifier.Testing;

/// <summary>Polling for a condition another thread or process brings about, with a deadline that names what was awaited.</summary>
public static class Eventually
{
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(describe());
            }

            Thread.Sleep(20);
        }
    }
}
