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
        # The same properties as scripts/install.sh: ReadyToRun needs the runtime identifier, at restore and publish.
        Get-ChildItem src -Directory | Where-Object { $_.Name -ne 'OssecSharp.Core' } | ForEach-Object {
            dotnet publish $_.FullName -c $Configuration -r linux-x64 -p:SelfContained=false -p:PublishReadyToRun=true `
                -p:DebugType=none -o $Output --nologo -v q
            if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        }
    }
    'bench'   { dotnet run -c Release --project benchmarks/OssecSharp.Benchmarks -- @args }
}
exit $LASTEXITCODE
