namespace Notifications.Core.Inbound;

public static class InboundClassification
{
    public const string OptOut = "opt_out";
    public const string OptIn = "opt_in";
    public const string Help = "help";

    /// <summary>
    /// A message that may be a revocation but does not clearly say so ("remove", "wrong number", "who is this"):
    /// answered once with how to stop, recorded, and not a revocation.
    /// </summary>
    public const string Unclear = "unclear";

    public const string Other = "other";
}
