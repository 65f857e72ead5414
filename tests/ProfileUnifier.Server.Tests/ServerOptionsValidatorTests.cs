namespace ProfileUnifier.Server.Tests;

public sealed class ServerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_LoopbackWithoutKeysPasses()
    {
        Assert.True(new ServerOptionsValidator().Validate(null, new ServerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_AllInterfacesWithoutKeys_Refused()
    {
        var result = new ServerOptionsValidator().Validate(null, new ServerOptions { Urls = "http://0.0.0.0:5080" });

        Assert.Equal(["Server:Urls listens beyond this machine: configure Server:ApiKeys first (or listen on 127.0.0.1)"], result.Failures);
    }

    [Fact]
    public void Validate_ShortKeyUnknownRoleDuplicate_EveryProblemWithoutTheKey()
    {
        var options = new ServerOptions
        {
            ApiKeys =
            [
                new() { Name = "a", Key = "short-secret", Role = "admin" },
                new() { Name = "b", Key = "long-enough-secret-0001", Role = Roles.Viewer },
                new() { Name = "c", Key = "long-enough-secret-0001", Role = Roles.Analyst },
            ],
        };

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Server:ApiKeys:0:Key must be at least 16 characters (e.g. openssl rand -hex 24)",
                "Server:ApiKeys:0:Role must be analyst or viewer",
                "Server:ApiKeys: each key must be different",
            ],
            result.Failures);
        Assert.All(result.Failures!, f => Assert.DoesNotContain("secret", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ivan.petrov@romashka.ru", "i***@romashka.ru")]
    [InlineData("+79161234567", "+7********67")]
    [InlineData("C-1001", "C-***")]
    [InlineData("ab", "***")]
    public void Mask_Identifier_RecognisableNotUsable(string value, string masked)
    {
        Assert.Equal(masked, Masking.Text(value));
    }
}
