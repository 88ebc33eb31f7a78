namespace Notifications.Core.Email;

public abstract record EmailSendResult
{
    public sealed record Accepted(string ProviderId) : EmailSendResult;

    public sealed record Rejected(int HttpStatus, string Detail) : EmailSendResult;

    public sealed record Transient(string Detail) : EmailSendResult;
}
