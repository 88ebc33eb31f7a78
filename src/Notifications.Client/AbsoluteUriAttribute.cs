using System.ComponentModel.DataAnnotations;

namespace Notifications.Client;

/// <summary>Valid when the value is null (<see cref="RequiredAttribute"/> says whether it may be) or an absolute <see cref="Uri"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteUriAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || value is Uri { IsAbsoluteUri: true };
}
