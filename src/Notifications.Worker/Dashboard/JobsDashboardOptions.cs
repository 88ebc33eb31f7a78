using System.ComponentModel.DataAnnotations;

namespace Notifications.Worker.Dashboard;

/// <summary>
/// Who may open the Hangfire dashboard, configuration section <c>HangfireDashboard</c>.
/// Remote users always need these credentials (HTTP Basic over TLS in production); with no
/// password configured the dashboard is closed to every remote user.
/// </summary>
public sealed class JobsDashboardOptions
{
    public const string SectionName = "HangfireDashboard";

    /// <summary>The operator user name. The default value is <c>operator</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "HangfireDashboard:Username must not be empty.")]
    public string Username { get; set; } = "operator";

    /// <summary>
    /// The operator password (<c>HangfireDashboard__Password</c>). The default value is none: unset
    /// means no remote access.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>
    /// In the Development environment, requests that reach the worker directly from the loopback
    /// interface (no proxy headers) need no credentials. The default value is <c>true</c>.
    /// </summary>
    public bool AllowLoopbackInDevelopment { get; set; } = true;

    /// <summary>
    /// Where the dashboard's "Back to site" link goes (<c>HangfireDashboard__BackToSiteUrl</c>), an absolute
    /// http or https URL; the AppHost sets the api's interactive reference. The default value is none: the
    /// link is hidden (the worker has no site of its own to go back to).
    /// </summary>
    [Url(ErrorMessage = "HangfireDashboard:BackToSiteUrl must be an absolute http or https URL.")]
    public string? BackToSiteUrl { get; set; }
}
