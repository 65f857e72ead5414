using System.Text;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

public sealed class CapturedResolutionTests
{
    /// <summary>
    /// The writer's ids are the resolution's, byte for byte: a person's, a company's and an anonymous visitor's, in a
    /// lake with plain ids and in a pseudonymised one (keyed profile and signature ids).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteIds_EverySignature_TheIdsToResolutionMakes(bool keyedIds)
    {
        var h = new EngineHarness();
        if (keyedIds)
        {
            h.Engine.KeyPersonIds(new Pseudonymizer(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        }

        h.Batch(
            Ev.Make("person", 0, email: "ivan@romashka.ru", cookie: "ck-1"),
            Ev.Make("employee", 1, EventSource.Crm, "contact_updated", crm: "C-1", email: "olga@romashka.ru", accountId: "A-17"),
            Ev.Make("company", 2, EventSource.Crm, "account_updated", accountId: "A-17", inn: "7707083893"),
            Ev.Make("visitor", 3, cookie: "ck-2"));

        var kinds = new HashSet<string>();
        foreach (var (id, sig) in h.Signatures)
        {
            var captured = h.Engine.Capture(sig);
            var expected = captured.ToResolution();
            var bytes = new byte[CapturedResolution.MaxIdsBytes];

            var (profile, account, signature) = captured.WriteIds(bytes);

            var at = 0;
            Assert.Equal(expected.ProfileId, Read(bytes, ref at, profile));
            Assert.Equal(expected.AccountId, Read(bytes, ref at, account));
            Assert.Equal(expected.SignatureId, Read(bytes, ref at, signature));
            kinds.Add($"{expected.ProfileId is null}/{expected.AccountId is null}");
        }

        // Events with and without a person and a company among them.
        Assert.True(kinds.Count >= 3, string.Join(", ", kinds));
    }

    private static string? Read(byte[] bytes, ref int at, int length)
    {
        if (length < 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, at, length);
        at += length;
        return text;
    }
}
