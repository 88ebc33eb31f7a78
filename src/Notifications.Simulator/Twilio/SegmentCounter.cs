namespace Notifications.Simulator.Twilio;

/// <summary>SMS segments: GSM-7 bodies take 160 characters (153 per part when split), others UCS-2 70 (67).</summary>
public static class SegmentCounter
{
    private const string Gsm7 =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€";

    public static int Count(string body)
    {
        if (body.Length == 0)
        {
            return 1;
        }

        var gsm = body.All(c => Gsm7.Contains(c, StringComparison.Ordinal));
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return body.Length <= single ? 1 : (body.Length + part - 1) / part;
    }
}
