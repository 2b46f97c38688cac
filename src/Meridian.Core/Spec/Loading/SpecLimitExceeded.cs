using YamlDotNet.Core;

namespace Meridian.Core.Spec.Loading;

/// <summary>Which of <see cref="SpecLimits"/> stopped <see cref="LimitedParser"/>, where, and the diagnostic to report.</summary>
internal sealed record SpecLimitExceeded(Mark At, string Code, string Message, string Hint);
