namespace Notifications.Core.Inbound;

public static class InboundClassification
{
    public const string OptOut = "opt_out";
    public const string OptIn = "opt_in";
    public const string Help = "help";
    public const string Other = "other";
}
