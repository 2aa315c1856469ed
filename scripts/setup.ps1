# Prepares this checkout on Windows: a virtual environment in .venv with caresq-desk and its
# tests (PowerShell 5.1 or 7). Safe to run again: it only installs what is missing.
#   powershell -ExecutionPolicy Bypass -File scripts\setup.ps1
# Set $env:PYTHON to a python.exe (3.11 to 3.13) when "py -3" is not the one to use.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "setup: '$Exe $Arguments' ging mis (code $LASTEXITCODE)" }
}

if ($env:PYTHON) { $python = @($env:PYTHON) } else { $python = @("py", "-3") }
$check = "import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))"
$exe, $rest = $python
& $exe @rest -c $check
if ($LASTEXITCODE -ne 0) {
    Write-Error "setup: caresq-desk needs Python 3.11, 3.12 or 3.13; set `$env:PYTHON to one."
    exit 1
}
if (-not (Test-Path ".venv\Scripts\python.exe")) {
    Invoke-Checked $exe ($rest + @("-m", "venv", ".venv"))
}
$venv = ".venv\Scripts\python.exe"
Invoke-Checked $venv @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
Invoke-Checked $venv @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]")
# Optional: the fast writer for long summaries; without it XlsxWriter writes them (slower).
& $venv -m pip install --quiet --disable-pip-version-check -e ".[dev,fast-excel]"
if ($LASTEXITCODE -ne 0) {
    Write-Warning "setup: rustpy-xlsxwriter could not be installed; long summaries are written by XlsxWriter"
}
# An editable install has no bytecode; compiled now, a start does not compile every module again.
Invoke-Checked $venv @("-m", "compileall", "-q", "caresq_desk")
Write-Output "setup: ready (.venv)"
