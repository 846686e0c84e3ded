package fastapilambda_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// An alarm added after construction stops releases like the built-in four:
// the deployment group watches it, the CodeDeploy role may read it (without
// that, the alarm poll fails and the release stops), and Alarms lists it.
func TestAddAlarmReachesTheGroupTheRoleAndAlarms(t *testing.T) {
	stack := awscdk.NewStack(cdktest.NewApp(), jsii.String("Added"), nil)
	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)})
	orders := awscloudwatch.NewAlarm(stack, jsii.String("OrdersFailing"), &awscloudwatch.AlarmProps{
		Metric:            awscloudwatch.NewMetric(&awscloudwatch.MetricProps{Namespace: jsii.String("Shop"), MetricName: jsii.String("FailedOrders")}),
		Threshold:         jsii.Number(1),
		EvaluationPeriods: jsii.Number(1),
	})
	svc.AddAlarm(orders)
	tpl := assertions.Template_FromStack(stack, nil)

	if got := svc.Alarms(); len(got) != 5 || got[4] != awscloudwatch.IAlarm(orders) {
		t.Fatalf("Alarms() has %d alarms, want the four built-in then the added one", len(got))
	}
	cdktest.Has(t, tpl, "AWS::CodeDeploy::DeploymentGroup", obj{
		"AlarmConfiguration": obj{
			"Enabled": true,
			"Alarms":  assertions.Match_ArrayWith(&[]interface{}{obj{"Name": obj{"Ref": cdktest.LogicalID(orders)}}}),
		},
	})
	var alarmArns arr
	for _, a := range []awscloudwatch.Alarm{svc.DurationAlarm(), svc.ErrorsAlarm(), svc.ThrottlesAlarm(), svc.Url5xxAlarm(), orders} {
		alarmArns = append(alarmArns, obj{"Fn::GetAtt": arr{cdktest.LogicalID(a), "Arn"}})
	}
	cdktest.Has(t, tpl, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": cdktest.LogicalID(svc.ServiceRole())}},
		"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]interface{}{
			obj{"Sid": "ReadAlarms", "Effect": "Allow", "Action": "cloudwatch:DescribeAlarms", "Resource": alarmArns},
		})},
	})
	cdktest.MustPanic(t, "fastapilambda: AddAlarm needs an alarm, got nil (at Added/Api)", func() { svc.AddAlarm(nil) })
}
