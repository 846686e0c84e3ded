#!/usr/bin/env bash
# Prints, as markdown for the job summary, what a deploy released: where
# clients call it (the front door, or the Function URL), the CodeDeploy deployment that shifted the alias and its
# final status, and how to roll back; in the deploy workflow, also the
# commit, the image digest and the promotion (the environment it was
# promoted from, whose wave succeeded, and those that follow). Usage:
# release-summary.sh ENVIRONMENT OUTPUTS_FILE (cdk deploy --outputs-file),
# with COMMIT, WAVE, IMAGE_DIGEST, PROMOTED_FROM and PROMOTES_TO set or not. Needs jq and the AWS CLI, with
# the deploy role's credentials (codedeploy:ListDeployments and
# GetDeployment on the deployment group, from the service's GrantRelease).
set -uo pipefail
environment=$1 outputs=$2

echo "### Release of environment \`$environment\`"
commit=${COMMIT:-} wave=${WAVE:-} digest=${IMAGE_DIGEST:-} from=${PROMOTED_FROM:-} next=${PROMOTES_TO:-}
if [ -n "$commit$digest$from$next" ]; then
  echo
  echo "| Promotion | |"
  echo "| --- | --- |"
  [ -n "$commit" ] && echo "| Commit | \`$commit\` |"
  if [ -n "$digest" ]; then
    echo "| Image | \`$digest\`, built once for this commit |"
  else
    echo "| Image | built from \`lambda-app/\` at deploy (no promotion) |"
  fi
  if [ -n "$from" ]; then
    echo "| Promoted from | \`$from\`: its deploy and CodeDeploy release succeeded in wave $((wave - 1)) of this run |"
  else
    echo "| Promoted from | none: wave ${wave:-1} deploys first |"
  fi
  [ -n "$next" ] && echo "| Promotes to | \`${next//,/\`, \`}\`, once this wave succeeded (an environment with reviewers waits for their approval) |"
fi
if [ ! -s "$outputs" ]; then
  echo
  echo "❌ The deploy failed before CloudFormation returned the stack's outputs: read the deploy step's log."
  echo "CloudFormation rolled the stack back; a canary that fired an alarm was rolled back by CodeDeploy."
  exit 0
fi
# The service's stack is the one with a FunctionUrl output (a front door's
# edge stack, STACK-Edge, has none).
stack=$(jq -r '[to_entries[] | select(.value.FunctionUrl) | .key][0] // empty' "$outputs")
output() { jq -r --arg stack "$stack" --arg key "$1" '.[$stack][$key] // empty' "$outputs"; }
url=$(output FrontDoorUrl)
where="Front door"
if [ -z "$url" ]; then
  url=$(output FunctionUrl) where="Function URL"
fi
application=$(output CodeDeployApplicationName)
group=$(output DeploymentGroupName)
deployment=$(aws deploy list-deployments --application-name "$application" --deployment-group-name "$group" \
  --query 'deployments[0]' --output text 2>/dev/null)
status="unknown (could not read the deployment group)"
if [ -n "$deployment" ] && [ "$deployment" != "None" ]; then
  status=$(aws deploy get-deployment --deployment-id "$deployment" \
    --query '[deploymentInfo.status, deploymentInfo.createTime]' --output text 2>/dev/null | tr '\t' ' ')
else
  deployment="none yet"
fi

cat <<SUMMARY

| | |
| --- | --- |
| Stack | \`$stack\` |
| $where | $url |
| CodeDeploy application / group | \`$application\` / \`$group\` |
| Latest deployment | \`$deployment\`: $status |

A deploy that changes nothing in the function creates no CodeDeploy deployment: the latest is then an earlier one.

**Roll back.** During a canary, CodeDeploy rolls back on its own when an alarm fires; to stop a release by hand:
\`aws deploy stop-deployment --deployment-id $deployment --auto-rollback-enabled\`.
After a release, revert the commit on main and push: this workflow deploys the previous code again, through the same canary.
SUMMARY
