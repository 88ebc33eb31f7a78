using System.Diagnostics;
using Notifications.ServiceDefaults;

namespace Notifications.UnitTests;

public sealed class PhoneNumberRedactionTests
{
    [Theory]
    [InlineData("/api/consents/%2B14155550123", "/api/consents/[phone]")]
    [InlineData("/api/consents/%2b14155550123/revoke", "/api/consents/[phone]/revoke")]
    [InlineData("/api/consents/+14155550123/export", "/api/consents/[phone]/export")]
    [InlineData("/api/consents/14155550123", "/api/consents/[phone]")]
    [InlineData("/api/consents/14155550123?purpose=marketing", "/api/consents/[phone]?purpose=marketing")]
    [InlineData("GET http://127.0.0.1:5000/api/consents/14155550123 - - -", "GET http://127.0.0.1:5000/api/consents/[phone] - - -")]
    [InlineData("for the request path '/api/consents/14155550123'", "for the request path '/api/consents/[phone]'")]
    [InlineData("Messages.json?To=%2B447700900123&PageSize=20", "Messages.json?To=[phone]&PageSize=20")]
    [InlineData("sending to +14155550123 now", "sending to [phone] now")]
    [InlineData("+14155550123,+447700900123", "[phone],[phone]")]
    [InlineData("(+919876543210)", "([phone])")]
    public void Redact_PhoneNumbers_AreReplaced(string text, string expected)
    {
        Assert.Equal(expected, PhoneNumberRedactionProcessor.Redact(text));
    }

    [Theory]
    [InlineData("claimed at 1732950000000")]
    [InlineData("/api/messages/1732950000000")]
    [InlineData("ts=1732950000000&n=12345678")]
    [InlineData("/api/consents/1732950000000000")]
    [InlineData("+1234567")]
    [InlineData("+1415555012345678")]
    [InlineData("/api/messages/3f2c8a8e-5a0b-4a49-9b1f-2f6a3c7d9e10")]
    [InlineData("SM0123456789abcdef0123456789abcdef")]
    [InlineData("GET /api/consents/{phone}")]
    public void Redact_OtherDigits_AreKept(string text)
    {
        Assert.Equal(text, PhoneNumberRedactionProcessor.Redact(text));
    }

    [Fact]
    public void OnEnd_RedactsTheSpanNameAndStringTags()
    {
        using var activity = new Activity("GET /api/consents/%2B14155550123");
        activity.SetTag("url.path", "/api/consents/%2B14155550123");
        activity.SetTag("started.at", "1732950000000");
        activity.SetTag("http.response.status_code", 200);

        using var processor = new PhoneNumberRedactionProcessor();
        processor.OnEnd(activity);

        Assert.Equal("GET /api/consents/[phone]", activity.DisplayName);
        Assert.Equal("/api/consents/[phone]", activity.GetTagItem("url.path"));
        Assert.Equal("1732950000000", activity.GetTagItem("started.at"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
    }
}
