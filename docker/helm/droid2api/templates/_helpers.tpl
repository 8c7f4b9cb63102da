{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "droid2api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "droid2api.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "droid2api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "droid2api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "droid2api.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "droid2api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret the pod reads its credentials from: the user's existing one or the chart's. */}}
{{- define "droid2api.secretName" -}}
{{- default (printf "%s-secrets" (include "droid2api.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "droid2api.claimName" -}}
{{- default (printf "%s-data" (include "droid2api.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* "external", "bundled" or "" (file mode: one replica). */}}
{{- define "droid2api.redisMode" -}}
{{- if or .Values.redis.external.url .Values.redis.external.existingSecret }}external{{ else if .Values.redis.bundled.enabled }}bundled{{ end }}
{{- end }}

{{- define "droid2api.redisName" -}}
{{- printf "%s-redis" (include "droid2api.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
