namespace Notifications.Core.Windows;

/// <summary>A message held back until <see cref="DueAt"/>; <see cref="Reason"/> goes on its timeline.</summary>
public sealed record Deferral(DateTimeOffset DueAt, string Reason);
