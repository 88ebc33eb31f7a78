namespace Notifications.Core.Data;

/// <summary>Hangfire's tables live in the <c>notifications</c> database under their own schema.</summary>
public static class HangfireSchema
{
    public const string Name = "hangfire";
}
