using System.Text;
using DiffusionBot.Slack.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Slack.Tests.Http;

public sealed class SlackRequestVerifierTests
{
    // Slack's documented test vector ("Verifying requests from Slack").
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1531420618));

    [Fact]
    public void Verify_IsValid_ForSlacksTestVector() =>
        Assert.Equal(SignatureCheck.Valid, Verifier().Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_IsAMismatch_WhenTheBodyWasTampered() =>
        Assert.Equal(SignatureCheck.Mismatch, Verifier().Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body.Replace("text=&", "text=rm&", StringComparison.Ordinal))));

    [Fact]
    public void Verify_IsAMismatch_WhenTheSecretDiffers() =>
        Assert.Equal(SignatureCheck.Mismatch, Verifier("another-secret").Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Verify_IsStale_WhenTheTimestampIsMoreThanFiveMinutesAway(int offsetSeconds)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1531420618 + offsetSeconds));
        var verifier = new SlackRequestVerifier(Options.Create(new SlackOptions { SigningSecret = Secret }), clock);

        Assert.Equal(SignatureCheck.Stale, verifier.Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_IsValid_JustInsideTheWindow()
    {
        _clock.Advance(TimeSpan.FromSeconds(300));

        Assert.Equal(SignatureCheck.Valid, Verifier().Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(null, Signature)]
    [InlineData(Timestamp, null)]
    [InlineData("yesterday", Signature)]
    public void Verify_IsMissing_WhenAHeaderIsAbsentOrMalformed(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, Verifier().Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void TryGetChallenge_ReturnsTheChallenge_ForAUrlVerification()
    {
        var body = """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"""u8;

        Assert.True(UrlVerification.TryGetChallenge(body, out var challenge));
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", challenge);
    }

    [Theory]
    [InlineData("""{"type":"event_callback","event_id":"Ev1"}""")]
    [InlineData("command=%2Fimagine&text=red")]
    public void TryGetChallenge_IsFalse_ForOtherBodies(string body) =>
        Assert.False(UrlVerification.TryGetChallenge(Encoding.UTF8.GetBytes(body), out _));

    private SlackRequestVerifier Verifier(string secret = Secret) =>
        new(Options.Create(new SlackOptions { SigningSecret = secret }), _clock);
}
