# Thin PowerShell wrapper over the same dotnet commands the README and .ci/run use. PowerShell itself comes from the
# repository's local tool manifest (.config/dotnet-tools.json): `dotnet tool restore`, then
# `dotnet pwsh ./build.ps1 -Task build`. CI runs the build task this way before the tests.
param(
    [ValidateSet('build', 'test', 'publish', 'bench')]
    [string]$Task = 'build',
    [string]$Configuration = 'Release',
    [string]$Output = 'publish'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Task) {
    'build'   { dotnet build OssecSharp.sln -c $Configuration --nologo -v q }
    'test'    { dotnet test OssecSharp.sln }
    'publish' {
        # scripts/install.sh --publish-only: NativeAOT where clang is installed, ReadyToRun (said in one line) where not.
        bash scripts/install.sh --publish-only $Output
    }
    'bench'   { dotnet run -c Release --project benchmarks/OssecSharp.Benchmarks -- @args }
}
exit $LASTEXITCODE
