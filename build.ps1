# Thin PowerShell wrapper over the same dotnet commands the README and .ci/run use.
param(
    [ValidateSet('build', 'test', 'publish', 'bench')]
    [string]$Task = 'build',
    [string]$Configuration = 'Release',
    [string]$Output = 'publish'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Task) {
    'build'   { dotnet build OssecSharp.sln -c $Configuration }
    'test'    { dotnet test OssecSharp.sln }
    'publish' {
        Get-ChildItem src -Directory | Where-Object { $_.Name -ne 'OssecSharp.Core' } | ForEach-Object {
            dotnet publish $_.FullName -c $Configuration -o $Output -p:PublishReadyToRun=true
            if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        }
    }
    'bench'   { dotnet run -c Release --project benchmarks/OssecSharp.Benchmarks -- @args }
}
exit $LASTEXITCODE
