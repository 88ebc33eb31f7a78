using Notifications.Core.Consent;

namespace Notifications.UnitTests;

public sealed class ConsentDecisionTests
{
    private const string In = PurposeState.OptedIn;
    private const string Revoked = PurposeState.Revoked;
    private const string None = PurposeState.None;

    [Theory]
    // purpose, override, suppressed, transactional, marketing, verdict
    [InlineData("transactional", false, true, In, In, ConsentVerdict.Suppressed)]
    [InlineData("transactional", true, true, None, None, ConsentVerdict.Suppressed)]
    [InlineData("marketing", false, true, In, In, ConsentVerdict.Suppressed)]
    [InlineData("transactional", false, false, In, None, ConsentVerdict.Allowed)]
    [InlineData("transactional", false, false, None, In, ConsentVerdict.Allowed)]
    [InlineData("transactional", false, false, Revoked, In, ConsentVerdict.NoConsent)]
    [InlineData("transactional", false, false, None, None, ConsentVerdict.NoConsent)]
    [InlineData("transactional", true, false, None, None, ConsentVerdict.AllowedByOverride)]
    [InlineData("transactional", true, false, Revoked, None, ConsentVerdict.NoConsent)]
    [InlineData("transactional", true, false, In, None, ConsentVerdict.Allowed)]
    // An override applies only when nothing at all is on record: never over any revocation.
    [InlineData("transactional", true, false, None, Revoked, ConsentVerdict.NoConsent)]
    [InlineData("transactional", true, false, Revoked, Revoked, ConsentVerdict.NoConsent)]
    [InlineData("transactional", true, false, Revoked, In, ConsentVerdict.NoConsent)]
    [InlineData("transactional", true, true, None, Revoked, ConsentVerdict.Suppressed)]
    [InlineData("transactional", true, false, None, In, ConsentVerdict.Allowed)]
    [InlineData("transactional", true, false, In, Revoked, ConsentVerdict.Allowed)]
    [InlineData("transactional", false, false, None, Revoked, ConsentVerdict.NoConsent)]
    [InlineData("marketing", true, false, None, Revoked, ConsentVerdict.NoConsent)]
    [InlineData("marketing", true, false, In, None, ConsentVerdict.NoConsent)]
    [InlineData("marketing", false, false, In, None, ConsentVerdict.NoConsent)]
    [InlineData("marketing", false, false, None, In, ConsentVerdict.Allowed)]
    [InlineData("marketing", false, false, In, Revoked, ConsentVerdict.NoConsent)]
    [InlineData("marketing", true, false, None, None, ConsentVerdict.NoConsent)]
    public void Decide_FollowsTheConsentRules(string purpose, bool overrideOptIn, bool suppressed, string transactional, string marketing, ConsentVerdict expected)
    {
        Assert.Equal(expected, ConsentDecision.Decide(purpose, overrideOptIn, suppressed, transactional, marketing));
    }
}
