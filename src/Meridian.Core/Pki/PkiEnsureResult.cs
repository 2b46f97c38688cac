using System.Collections.Immutable;

namespace Meridian.Core.Pki;

/// <summary>
/// The outcome of <c>PkiStore.Ensure</c> (Runtime). <see cref="Issued"/> and <see cref="Reused"/> hold certificate names in
/// plan order, with the CAs (<see cref="PkiNames.CaName"/>) first: a newly issued CA means every host of its domain needs the new CA file.
/// </summary>
public sealed record PkiEnsureResult(PkiMaterial Material, ImmutableArray<string> Issued, ImmutableArray<string> Reused);
